"""Learning from verified proofs: fine-tuning pairs (:mod:`.sft_data`), fine-tuning
(:mod:`.finetune`), expert iteration (:mod:`.iterate`, :mod:`.report`) and the tiny
character-level model of the CPU demo and tests (:mod:`.tiny`)."""
