# rexorm_add_test(<name> SOURCES <files...> [LIBRARIES <libs...>] [RESOURCE_LOCK <lock>] [RUN_SERIAL])
# A QtTest executable registered with CTest. A QSKIP (only for a database server missing on a
# developer's machine) marks the test skipped in CTest's summary instead of passed.
function(rexorm_add_test name)
    cmake_parse_arguments(ARG "RUN_SERIAL" "" "SOURCES;LIBRARIES;RESOURCE_LOCK;LABELS" ${ARGN})
    add_executable(${name} ${ARG_SOURCES})
    target_link_libraries(${name} PRIVATE rexorm_testsupport Qt6::Test ${ARG_LIBRARIES})
    rexorm_apply_test_warnings(${name})
    add_test(NAME ${name} COMMAND ${name})
    set_tests_properties(${name} PROPERTIES
        SKIP_REGULAR_EXPRESSION "SKIP   : "
        TIMEOUT 300)
    if(ARG_RESOURCE_LOCK)
        set_tests_properties(${name} PROPERTIES RESOURCE_LOCK "${ARG_RESOURCE_LOCK}")
    endif()
    if(ARG_RUN_SERIAL)
        set_tests_properties(${name} PROPERTIES RUN_SERIAL TRUE)
    endif()
    if(ARG_LABELS)
        set_tests_properties(${name} PROPERTIES LABELS "${ARG_LABELS}")
    endif()
endfunction()

# rexorm_add_node_test(<name> SCRIPT <file in tests/e2e> [ARGS <args...>])
# A Node.js script driven by CTest, run in tests/e2e with its node_modules (npm ci, done by
# ./dev test). Without Node.js, or without node_modules, it reports itself skipped.
find_program(REXORM_NODE node)
function(rexorm_add_node_test name)
    cmake_parse_arguments(ARG "" "SCRIPT" "ARGS" ${ARGN})
    if(REXORM_NODE)
        add_test(NAME ${name}
            COMMAND ${REXORM_NODE} ${PROJECT_SOURCE_DIR}/tests/e2e/${ARG_SCRIPT} ${ARG_ARGS}
            WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}/tests/e2e)
    else()
        add_test(NAME ${name} COMMAND ${CMAKE_COMMAND} -E echo
            "SKIP   : Node.js is not installed (./dev test installs it)")
    endif()
    set_tests_properties(${name} PROPERTIES SKIP_REGULAR_EXPRESSION "SKIP   : " TIMEOUT 300)
endfunction()
