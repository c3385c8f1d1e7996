# Fails when a user-visible string of admin-app/src has no German or French translation:
# lupdate refreshes copies of the .ts files from the sources, lrelease must then report every
# message finished. Run by CTest (tests/admin/CMakeLists.txt).
foreach(language IN ITEMS de fr)
    set(copy "${WORK_DIR}/rexorm-admin_${language}.ts")
    configure_file("${SOURCE_DIR}/translations/rexorm-admin_${language}.ts" "${copy}" COPYONLY)
    execute_process(
        COMMAND "${LUPDATE}" -no-obsolete -locations none "${SOURCE_DIR}/admin-app/src" -ts "${copy}"
        RESULT_VARIABLE status OUTPUT_QUIET ERROR_VARIABLE errors)
    if(NOT status EQUAL 0)
        message(FATAL_ERROR "lupdate failed: ${errors}")
    endif()
    execute_process(
        COMMAND "${LRELEASE}" "${copy}" -qm "${WORK_DIR}/rexorm-admin_${language}.qm"
        RESULT_VARIABLE status OUTPUT_VARIABLE report ERROR_VARIABLE report)
    # An untranslated message is "unfinished" when lupdate guessed it, else "untranslated".
    if(NOT status EQUAL 0 OR report MATCHES "untranslated" OR
       NOT report MATCHES "\\(([0-9]+) finished and 0 unfinished\\)")
        message(FATAL_ERROR "translations/rexorm-admin_${language}.ts is not complete; run "
                            "`cmake --build build --target update_translations` and translate "
                            "the new messages:\n${report}")
    endif()
    message(STATUS "rexorm-admin_${language}: ${CMAKE_MATCH_1} messages, all translated")
endforeach()
