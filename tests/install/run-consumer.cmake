file(REMOVE_RECURSE ${WORK_DIR})
set(prefix ${WORK_DIR}/prefix)

include(${CMAKE_CURRENT_LIST_DIR}/../common/scriptsupport.cmake)

rexorm_run(${CMAKE_COMMAND} --install ${REXORM_BUILD_DIR} --prefix ${prefix})
foreach(required include/rexorm/database/database.h lib/cmake/RexOrm/RexOrmConfig.cmake)
    if(NOT EXISTS ${prefix}/${required})
        message(FATAL_ERROR "install tree lacks ${required}")
    endif()
endforeach()
file(GLOB private_headers ${prefix}/include/rexorm/*_p.h ${prefix}/include/rexorm/*/*_p.h)
if(private_headers)
    message(FATAL_ERROR "private headers were installed: ${private_headers}")
endif()

rexorm_run(${CMAKE_COMMAND} -S ${CONSUMER_SOURCE_DIR} -B ${WORK_DIR}/build -G ${GENERATOR}
    -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_BUILD_TYPE=Release)
rexorm_run(${CMAKE_COMMAND} --build ${WORK_DIR}/build)
rexorm_run(${WORK_DIR}/build/consumer)
if(NOT last_output MATCHES "consumer: 42 via SQLite")
    message(FATAL_ERROR "unexpected consumer output: ${last_output}")
endif()
message(STATUS "${last_output}")
