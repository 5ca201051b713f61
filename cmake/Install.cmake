# install() rules and the Debian package (scripts/package runs cpack; docs/install.md explains).
#   bin/awf-diag
#   share/man/man1/awf-diag.1                      (docs/awf-diag.1, generated from --help by scripts/gen-man)
#   share/bash-completion/completions/awf-diag     (packaging/awf-diag.bash)
#   share/doc/awf-diag/                            (README.md, docs/, docs/examples/)
install(TARGETS awf-diag RUNTIME DESTINATION bin)
install(FILES ${CMAKE_SOURCE_DIR}/docs/awf-diag.1 DESTINATION share/man/man1)
install(FILES ${CMAKE_SOURCE_DIR}/packaging/awf-diag.bash DESTINATION share/bash-completion/completions
        RENAME awf-diag)
file(GLOB AWF_DOC_FILES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/docs/*.md ${CMAKE_SOURCE_DIR}/docs/*.json)
install(FILES ${CMAKE_SOURCE_DIR}/README.md ${AWF_DOC_FILES} DESTINATION share/doc/awf-diag)
install(DIRECTORY ${CMAKE_SOURCE_DIR}/docs/examples DESTINATION share/doc/awf-diag)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME awf-diag)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "finds where awf's credential-isolation auth chain breaks")
set(CPACK_PACKAGE_CONTACT "awf-diag maintainers <awf-diag@users.noreply.github.com>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
# Depends: computed by dpkg-shlibdeps from the binary's NEEDED libraries (Debian 12 names; a .deb
# built here may not install on Ubuntu 24.04, where libraries were renamed for t64: use the static build).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_STRIP_FILES ON)
include(CPack)
