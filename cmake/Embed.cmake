# llmsize_embed(OUTPUT symbol file [symbol file ...])
# Writes OUTPUT, a C++ file defining `extern const std::string_view llmsize::embedded::<symbol>`
# for each file, and regenerates it whenever one of the files changes.
function(llmsize_embed output)
    set(args ${ARGN})
    set(files "")
    list(LENGTH args n)
    math(EXPR last "${n} - 1")
    foreach(i RANGE 1 ${last} 2)
        list(GET args ${i} f)
        list(APPEND files ${f})
    endforeach()
    add_custom_command(
        OUTPUT ${output}
        COMMAND ${CMAKE_COMMAND} -DOUTPUT=${output} "-DPAIRS=${args}"
                -P ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/EmbedScript.cmake
        DEPENDS ${files} ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/EmbedScript.cmake
        COMMENT "Embedding data files"
        VERBATIM)
endfunction()
