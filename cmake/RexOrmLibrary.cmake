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

# rexorm_add_plugin(<target> SOURCES <files...> [LIBRARIES <libs...>] [OUTPUT_DIRECTORY <dir>]
#                   [NO_INSTALL])
# A RexOrm plugin: a Qt plugin (MODULE library, no "lib" prefix) that PluginManager loads from
# a folder. Bundled plugins go to ${CMAKE_BINARY_DIR}/rexorm-plugins (REXORM_PLUGIN_PATH in tests);
# install to <libdir>/rexorm/plugins, where `rexorm` looks for them.
function(rexorm_add_plugin target)
    cmake_parse_arguments(ARG "NO_INSTALL" "OUTPUT_DIRECTORY" "SOURCES;LIBRARIES" ${ARGN})
    if(NOT ARG_OUTPUT_DIRECTORY)
        set(ARG_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/rexorm-plugins)
    endif()
    add_library(${target} MODULE ${ARG_SOURCES})
    target_link_libraries(${target} PRIVATE RexOrm::Core ${ARG_LIBRARIES})
    set_target_properties(${target} PROPERTIES PREFIX ""
        LIBRARY_OUTPUT_DIRECTORY ${ARG_OUTPUT_DIRECTORY})
    rexorm_apply_warnings(${target})
    if(NOT ARG_NO_INSTALL)
        install(TARGETS ${target} LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}/rexorm/plugins)
    endif()
endfunction()
