# report: (to come)
