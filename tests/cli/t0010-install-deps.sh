#!/bin/sh
test_description='env/install-deps: names what is missing, installs only as root'
. "$(dirname "$0")/test-lib.sh"

deps=$SONDE_TOP/env/install-deps

# A dpkg-query that reports every package installed except those in $MISSING,
# so the script's decisions can be tested without touching the system.
mkdir fakebin
cat >fakebin/dpkg-query <<'FAKE'
#!/bin/sh
pkg=$(eval echo "\${$#}")
for m in $MISSING; do test "$m" = "$pkg" && { printf 'not-installed'; exit 0; }; done
printf installed
FAKE
cat >fakebin/apt-get <<'FAKE'
#!/bin/sh
echo "apt-get $*" >>"$APT_LOG"
FAKE
chmod +x fakebin/*

test_expect_success 'with everything installed it says so and exits 0' '
	PATH=$PWD/fakebin:$PATH MISSING= "$deps" >out 2>err &&
	test_grep "all dependencies are installed" out &&
	test ! -s err
'

test_expect_success '-q says nothing when everything is installed' '
	PATH=$PWD/fakebin:$PATH MISSING= "$deps" -q >out 2>err &&
	test ! -s out && test ! -s err
'

test_expect_success '-n names the missing packages and how to install them' '
	test_expect_code 1 env PATH=$PWD/fakebin:$PATH MISSING="libpcap-dev gnuplot-nox" "$deps" -n >out 2>err &&
	test_grep "missing Debian packages: .*libpcap-dev.*gnuplot-nox" err &&
	test_grep "sudo apt-get install libpcap-dev gnuplot-nox" err
'

test_expect_success 'as a normal user it does not try to install' '
	command -v setpriv >/dev/null || { echo "no setpriv" >&4; return 0; }
	test "$(id -u)" = 0 || return 0
	chmod -R a+rx . && : >apt.log && chmod a+w apt.log &&
	test_expect_code 1 setpriv --reuid=nobody --regid=nogroup --clear-groups \
		env PATH=$PWD/fakebin:$PATH MISSING=check APT_LOG=$PWD/apt.log "$deps" >out 2>err &&
	test_grep "sudo apt-get install check" err &&
	test ! -s apt.log
'

test_expect_success ROOT 'as root it installs exactly the missing packages' '
	: >apt.log &&
	PATH=$PWD/fakebin:$PATH MISSING="tshark xsltproc" APT_LOG=$PWD/apt.log "$deps" >out 2>err &&
	test_grep "install .*--no-install-recommends xsltproc tshark$" apt.log &&
	test_grep ! "libpcap-dev" apt.log
'

test_expect_success 'an unknown option is a usage error' '
	test_expect_code 2 "$deps" -x 2>err
'

test_done
