# -DAWF_STATIC=ON: link libcurl and the libraries it needs from Debian's static archives (lib*.a)
# where that is possible, and the rest as shared libraries. fmt is used
# header-only; libstdc++/libgcc are linked statically by the awf-diag target. glibc stays shared
# (getaddrinfo needs its NSS modules). docs/install.md lists what the result still loads.
#
# Order matters for archives: every library before the ones it uses. The list is libcurl's
# `pkg-config --static --libs libcurl`. Debian 12 ships no static archive for Kerberos GSS-API or
# OpenLDAP, and their shared libraries load GnuTLS, Nettle, GMP, libidn2 and libunistring anyway; so
# those stay shared too (one copy of each in the process, never a static copy beside a shared one).
find_package(fmt REQUIRED)
set(AWF_STATIC_ORDER curl nghttp2 rtmp ssh2 psl ssl crypto zstd brotlidec brotlicommon z)
set(AWF_SHARED_ONLY gssapi_krb5 ldap lber gnutls hogweed nettle gmp idn2 unistring)

set(AWF_STATIC_ARCHIVES "")
set(AWF_STATIC_SHARED "")
foreach(lib IN LISTS AWF_STATIC_ORDER)
  find_library(AWF_STATIC_${lib} NAMES lib${lib}.a NO_CACHE)
  if(AWF_STATIC_${lib})
    list(APPEND AWF_STATIC_ARCHIVES ${AWF_STATIC_${lib}})
  else()
    message(STATUS "AWF_STATIC: no lib${lib}.a, linking ${lib} shared")
    list(APPEND AWF_STATIC_SHARED ${lib})
  endif()
endforeach()
list(TRANSFORM AWF_STATIC_SHARED PREPEND "-l")
# Shared-only libraries by their runtime file when the -dev symlink is absent (libcurl4-openssl-dev
# does not pull in libkrb5-dev or libldap-dev).
set(AWF_SONAME_gssapi_krb5 libgssapi_krb5.so.2)
set(AWF_SONAME_ldap libldap-2.5.so.0 libldap.so.2)
set(AWF_SONAME_lber liblber-2.5.so.0 liblber.so.2)
set(AWF_SONAME_gnutls libgnutls.so.30)
set(AWF_SONAME_hogweed libhogweed.so.6)
set(AWF_SONAME_nettle libnettle.so.8)
set(AWF_SONAME_gmp libgmp.so.10)
set(AWF_SONAME_idn2 libidn2.so.0)
set(AWF_SONAME_unistring libunistring.so.2)
foreach(lib IN LISTS AWF_SHARED_ONLY)
  find_library(AWF_SHARED_${lib} NAMES ${lib} ${AWF_SONAME_${lib}} NO_CACHE REQUIRED)
  list(APPEND AWF_STATIC_SHARED ${AWF_SHARED_${lib}})
endforeach()
list(JOIN AWF_STATIC_ARCHIVES " " AWF_STATIC_ARCHIVE_STRING)
message(STATUS "AWF_STATIC: archives: ${AWF_STATIC_ARCHIVE_STRING}")
message(STATUS "AWF_STATIC: shared: ${AWF_STATIC_SHARED}")

add_library(awf_static_deps INTERFACE)
find_path(AWF_CURL_INCLUDE curl/curl.h REQUIRED)
target_include_directories(awf_static_deps INTERFACE ${AWF_CURL_INCLUDE})
target_link_libraries(awf_static_deps INTERFACE fmt::fmt-header-only
    "-Wl,--start-group" ${AWF_STATIC_ARCHIVES} "-Wl,--end-group" ${AWF_STATIC_SHARED} dl pthread)
