# case: (to come)
