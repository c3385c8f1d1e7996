# Helpers for the CMake-script tests (cmake -P).

# rexorm_run(<command...>): runs it, fails the test with its output when it fails, and leaves
# its standard output in last_output.
function(rexorm_run)
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE result OUTPUT_VARIABLE output
        ERROR_VARIABLE errors)
    if(NOT result EQUAL 0)
        message(FATAL_ERROR "failed (${result}): ${ARGN}\n${output}\n${errors}")
    endif()
    set(last_output "${output}" PARENT_SCOPE)
endfunction()
