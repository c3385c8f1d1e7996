# Warning and visibility settings shared by every RexOrm target.
set(CMAKE_CXX_VISIBILITY_PRESET hidden)
set(CMAKE_VISIBILITY_INLINES_HIDDEN ON)

add_library(rexorm_warnings INTERFACE)
if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(rexorm_warnings INTERFACE -Wall -Wextra -Wpedantic)
    if(REXORM_WERROR)
        target_compile_options(rexorm_warnings INTERFACE -Werror)
    endif()
endif()
target_compile_definitions(rexorm_warnings INTERFACE
    QT_NO_CAST_TO_ASCII QT_NO_URL_CAST_FROM_STRING QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_NO_FOREACH)

# Links the warning settings into a target without exporting them to consumers. Library and
# program code spells every string conversion out; tests may write "literals" for brevity.
function(rexorm_apply_warnings target)
    target_link_libraries(${target} PRIVATE $<BUILD_INTERFACE:rexorm_warnings>)
    target_compile_definitions(${target} PRIVATE QT_NO_CAST_FROM_ASCII)
endfunction()

function(rexorm_apply_test_warnings target)
    target_link_libraries(${target} PRIVATE $<BUILD_INTERFACE:rexorm_warnings>)
    target_compile_definitions(${target} PRIVATE QT_RESTRICTED_CAST_FROM_ASCII)
endfunction()
