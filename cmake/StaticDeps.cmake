# -DAWF_STATIC=ON: link libcurl and every library it needs from Debian's static archives (lib*.a)
# where one exists, and the rest (no static archive in Debian 12) as shared libraries. fmt is used
# header-only; libstdc++/libgcc are linked statically by the awf-diag target. glibc stays shared
# (getaddrinfo needs its NSS modules). docs/install.md lists what the result still loads.
#
# Order matters for archives: every library before the ones it uses. The list is libcurl's
# `pkg-config --static --libs libcurl` plus the private dependencies of its archives (librtmp →
# GnuTLS/Nettle/GMP; libidn2/libpsl → libunistring).
find_package(fmt REQUIRED)
set(AWF_STATIC_ORDER curl nghttp2 rtmp ssh2 psl idn2 gnutls hogweed nettle tasn1 unistring gmp
    ssl crypto zstd brotlidec brotlicommon z)
# Debian 12 ships no static archive for these (Kerberos GSS-API, OpenLDAP, p11-kit).
set(AWF_SHARED_ONLY gssapi_krb5 ldap lber p11-kit)

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
list(APPEND AWF_STATIC_SHARED ${AWF_SHARED_ONLY})
list(TRANSFORM AWF_STATIC_SHARED PREPEND "-l")
list(JOIN AWF_STATIC_ARCHIVES " " AWF_STATIC_ARCHIVE_STRING)
message(STATUS "AWF_STATIC: archives: ${AWF_STATIC_ARCHIVE_STRING}")
message(STATUS "AWF_STATIC: shared: ${AWF_STATIC_SHARED}")

add_library(awf_static_deps INTERFACE)
find_path(AWF_CURL_INCLUDE curl/curl.h REQUIRED)
target_include_directories(awf_static_deps INTERFACE ${AWF_CURL_INCLUDE})
target_link_libraries(awf_static_deps INTERFACE fmt::fmt-header-only
    "-Wl,--start-group" ${AWF_STATIC_ARCHIVES} "-Wl,--end-group" ${AWF_STATIC_SHARED} dl pthread)
