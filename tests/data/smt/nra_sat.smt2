; QF_NRA: a point on the unit circle above the line y = x
(set-logic QF_NRA)
(set-info :status sat)
(declare-const x Real)
(declare-const y Real)
(assert (= (+ (* x x) (* y y)) 1.0))
(assert (> y x))
(assert (> x 0.1))
(check-sat)
