import Proofsmith.Header
