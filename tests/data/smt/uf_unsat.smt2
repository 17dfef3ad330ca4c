; QF_UFLIA: congruence: f(x) != f(y) while x = y + 0
(set-logic QF_UFLIA)
(set-info :status unsat)
(declare-fun f (Int) Int)
(declare-const x Int)
(declare-const y Int)
(assert (= x (+ y 0)))
(assert (not (= (f x) (f y))))
(check-sat)
