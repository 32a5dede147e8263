# measure: (to come)
