; QF_BV: x * 3 = 1 (mod 2^8) has the inverse of 3 as its solution
(set-logic QF_BV)
(set-info :status sat)
(declare-const x (_ BitVec 8))
(assert (= (bvmul x #x03) #x01))
(check-sat)
