# pcap2xml reads capture files itself: no library.
pcap2xml_PKGS :=
