; QF_BV: x & (x - 1) clears the lowest set bit, so a power of two ANDed with its predecessor is 0
(set-logic QF_BV)
(set-info :status unsat)
(declare-const x (_ BitVec 16))
(assert (not (= x #x0000)))
(assert (= (bvand x (bvsub x #x0001)) #x0000))
(assert (not (= (bvand x (bvneg x)) x)))
(check-sat)
