# RexOrm calls SQLite on the handles of Qt's QSQLITE plugin (statement deadlines, the shared
# in-memory database). That is only sound when the plugin links the same system libsqlite3 as
# RexOrm, as Debian's does; a plugin with its own bundled SQLite is refused here.
find_package(Qt6QSQLiteDriverPlugin CONFIG QUIET HINTS ${Qt6Sql_DIR})
if(TARGET Qt6::QSQLiteDriverPlugin)
    get_target_property(_rexorm_qsqlite Qt6::QSQLiteDriverPlugin LOCATION)
    find_program(REXORM_READELF readelf)
    if(_rexorm_qsqlite AND EXISTS "${_rexorm_qsqlite}" AND REXORM_READELF)
        execute_process(COMMAND ${REXORM_READELF} -d ${_rexorm_qsqlite}
            OUTPUT_VARIABLE _rexorm_qsqlite_dynamic ERROR_QUIET)
        if(NOT _rexorm_qsqlite_dynamic MATCHES "libsqlite3\\.so")
            message(FATAL_ERROR "The QSQLITE plugin ${_rexorm_qsqlite} bundles its own SQLite. "
                "RexOrm needs a plugin linked against the system libsqlite3 (Debian's "
                "libqt6sql6-sqlite is).")
        endif()
        message(STATUS "QSQLITE links the system SQLite: ${_rexorm_qsqlite}")
    endif()
endif()
