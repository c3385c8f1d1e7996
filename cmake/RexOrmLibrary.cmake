# rexorm_add_library(<target> NAME <Component> OUTPUT <file name> DEFINE <MACRO_BUILDING>
#                    SOURCES <files...>)
# One of RexOrm's shared libraries: alias RexOrm::<Component>, the versioned SONAME of
# docs/abi.md, public headers in ./include, warnings, installed and exported as a component.
function(rexorm_add_library target)
    cmake_parse_arguments(ARG "" "NAME;OUTPUT;DEFINE" "SOURCES" ${ARGN})
    add_library(${target} SHARED ${ARG_SOURCES})
    add_library(RexOrm::${ARG_NAME} ALIAS ${target})
    set_target_properties(${target} PROPERTIES
        OUTPUT_NAME ${ARG_OUTPUT}
        EXPORT_NAME ${ARG_NAME}
        VERSION ${PROJECT_VERSION}
        # 0.x: every minor release may change the ABI (see docs/abi.md).
        SOVERSION ${PROJECT_VERSION_MAJOR}.${PROJECT_VERSION_MINOR})
    target_compile_definitions(${target} PRIVATE ${ARG_DEFINE})
    target_include_directories(${target} PUBLIC
        $<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/include>
        $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
    rexorm_apply_warnings(${target})
    install(TARGETS ${target} EXPORT RexOrmTargets
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
    install(DIRECTORY include/rexorm DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
        FILES_MATCHING PATTERN "*.h")
endfunction()
