# loadgen uses threads and libm (the histogram's percentiles, Poisson gaps).
$(O)/bin/loadgen: LDLIBS += -lm -pthread
