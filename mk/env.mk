# env: (to come)
