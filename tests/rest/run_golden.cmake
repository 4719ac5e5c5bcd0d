# Runs one golden conversation through `banter rest` and compares its output
# with the expected file. Invoked by ctest (see CMakeLists.txt) with
# -DBANTER= -DINPUT= -DEXPECTED= -DACTUAL=, and -DSTATE= to run it with a
# journal (--state STATE, removed first): the output must be the same.
get_filename_component(actual_dir ${ACTUAL} DIRECTORY)
file(MAKE_DIRECTORY ${actual_dir})
set(state_flags)
if(DEFINED STATE)
  file(REMOVE ${STATE} ${STATE}.journal ${STATE}.secret)
  set(state_flags --state ${STATE})
endif()
execute_process(
  COMMAND ${CMAKE_COMMAND} -E env BANTER_MASTER_KEY=golden-master
          ${BANTER} rest --seed 1 --events --password-cost 4 ${state_flags}
  INPUT_FILE ${INPUT}
  OUTPUT_FILE ${ACTUAL}
  ERROR_VARIABLE stderr_text
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "banter rest exited with ${rc}\n${stderr_text}")
endif()
if(NOT EXISTS ${EXPECTED})
  message(FATAL_ERROR "missing ${EXPECTED} (run tools/regen-rest-goldens)")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${ACTUAL} ${EXPECTED}
                RESULT_VARIABLE differs)
if(differs)
  # Show where: diff is in every CI image; fall back to the paths.
  execute_process(COMMAND diff -u ${EXPECTED} ${ACTUAL}
                  OUTPUT_VARIABLE d ERROR_QUIET)
  message(FATAL_ERROR "output differs from ${EXPECTED}\n${d}")
endif()
