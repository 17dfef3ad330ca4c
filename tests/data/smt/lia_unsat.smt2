; QF_LIA: parity makes 2x + 4y = 7 impossible
(set-logic QF_LIA)
(set-info :status unsat)
(declare-const x Int)
(declare-const y Int)
(assert (= (+ (* 2 x) (* 4 y)) 7))
(check-sat)
