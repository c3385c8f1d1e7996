include(CMakePackageConfigHelpers)

set(REXORM_CMAKE_INSTALL_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/RexOrm)

install(EXPORT RexOrmTargets
    NAMESPACE RexOrm::
    FILE RexOrmTargets.cmake
    DESTINATION ${REXORM_CMAKE_INSTALL_DIR})

# The Qt modules the exported components need from a consumer: RexOrm::Server's public headers
# use QtNetwork.
set(REXORM_PACKAGE_QT_COMPONENTS "Core Sql")
if(REXORM_BUILD_SERVER)
    string(APPEND REXORM_PACKAGE_QT_COMPONENTS " Network")
endif()

configure_package_config_file(cmake/RexOrmConfig.cmake.in
    ${CMAKE_CURRENT_BINARY_DIR}/RexOrmConfig.cmake
    INSTALL_DESTINATION ${REXORM_CMAKE_INSTALL_DIR})

# 0.x releases may break ABI with every minor version; see docs/abi.md.
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/RexOrmConfigVersion.cmake
    VERSION ${PROJECT_VERSION}
    COMPATIBILITY SameMinorVersion)

install(FILES
    ${CMAKE_CURRENT_BINARY_DIR}/RexOrmConfig.cmake
    ${CMAKE_CURRENT_BINARY_DIR}/RexOrmConfigVersion.cmake
    DESTINATION ${REXORM_CMAKE_INSTALL_DIR})
