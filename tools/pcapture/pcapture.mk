# pcapture links libpcap.
pcapture_PKGS := libpcap
