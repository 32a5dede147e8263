# Build configuration: output folder, compiler flags, verbosity, and the
# libraries found through pkg-config.

O        ?= build
RESULTS  ?= results
override O := $(patsubst %/,%,$(O))

# (make's built-in CC and AR are switched off with its other defaults)
default_or_unset = $(filter default undefined,$(origin $1))
$(if $(call default_or_unset,CC),$(eval CC := cc))
$(if $(call default_or_unset,AR),$(eval AR := ar))
CLANG    ?= clang
PKG_CONFIG ?= pkg-config
XSLTPROC ?= xsltproc
GNUPLOT  ?= gnuplot

# V=1 shows the full commands.
ifeq ($(V),1)
Q :=
say :=
else
Q := @
say = @printf '  %-8s %s\n' '$1' '$2';
endif

WARNINGS := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wformat=2 -Wvla -Wpointer-arith -Wcast-qual -Wwrite-strings \
	-Wundef -Wnull-dereference -Wimplicit-fallthrough
OPTIMIZE ?= -O2 -g
BASE_CFLAGS := -std=c11 -D_GNU_SOURCE $(OPTIMIZE) $(WARNINGS) -MMD -MP \
	-I$(TOP)/tools/lib
ifneq ($(SANITIZE),)
BASE_CFLAGS += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
BASE_LDFLAGS += -fsanitize=$(SANITIZE)
endif

# DEVELOPER=1 (on in `make check` and CI) turns warnings into errors.  It is
# kept out of the flags stamp below: it changes no object code, so switching
# it must not rebuild the tools (and so re-measure every case).
ifeq ($(DEVELOPER),1)
WERROR := -Werror
endif

ALL_CFLAGS  = $(BASE_CFLAGS) $(WERROR) $(CFLAGS)
ALL_LDFLAGS = $(BASE_LDFLAGS) $(LDFLAGS)

# The objects depend on this file, which changes only when the flags do.
FLAGS_STAMP := $(O)/.build-flags
flags_now := $(CC) $(BASE_CFLAGS) $(CFLAGS) | $(BASE_LDFLAGS) $(LDFLAGS)
ifneq ($(flags_now),$(shell cat $(FLAGS_STAMP) 2>/dev/null))
$(shell mkdir -p $(O) && printf '%s\n' '$(flags_now)' > $(FLAGS_STAMP))
endif

ALL_PKGS = $(sort $(foreach t,$(TOOLS),$($(t)_PKGS)) check)

# pkg-config modules and the Debian package that provides each, for the
# message when one is missing.
pkg.libpcap    := libpcap-dev
pkg.libbpf     := libbpf-dev
pkg.libelf     := libelf-dev
pkg.zlib       := zlib1g-dev
pkg.libxml-2.0 := libxml2-dev
pkg.libxslt    := libxslt1-dev
pkg.libexslt   := libxslt1-dev
pkg.check      := check

# $(call pkg_flags,--cflags|--libs,modules): looked up when a recipe first
# needs it, not at every start of make, and remembered after that.
empty :=
space := $(empty) $(empty)
pkg_key = pkgcache.$(subst $(space),+,$(strip $1 $2))
pkg_flags = $(if $(strip $2),$(if $(filter undefined,$(origin $(pkg_key))),$(eval $(pkg_key) := $(shell $(PKG_CONFIG) $1 $2)))$($(pkg_key)))

# The dependency check: env/install-deps installs what is missing when run
# as root and otherwise names it; then every library is confirmed through
# pkg-config.  Everything that compiles waits for this stamp.
DEPS_STAMP := $(O)/.deps-ok
$(DEPS_STAMP): $(TOP)/env/install-deps
	$(call say,DEPS,checking build and run dependencies)
	$(Q)$(TOP)/env/install-deps $(if $(V),,-q)
	$(Q)$(foreach m,$(ALL_PKGS),$(PKG_CONFIG) --exists $m || { \
	  echo "sonde: pkg-config cannot find $m: install the Debian package $(pkg.$m) (sudo env/install-deps)" >&2; \
	  exit 1; };)
	$(Q)mkdir -p $(@D) && touch $@

.PHONY: deps
deps: $(DEPS_STAMP) ## check (and as root install) the dependencies

define newline


endef
