theorem t : (2:ℕ) + 2 = 5 := by native_decide
namespace Evil
theorem t : True := trivial
