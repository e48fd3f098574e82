/* check_main.h - one main() for each Check unit-test binary. */
#ifndef ARTICLED_CHECK_MAIN_H
#define ARTICLED_CHECK_MAIN_H

#include <check.h>
#include <stdlib.h>

/* CHECK_MAIN(make_suite) defines main() running the suite made by make_suite(). */
#define CHECK_MAIN(make_suite)                                                                     \
    int main(void)                                                                                 \
    {                                                                                              \
        SRunner *sr = srunner_create(make_suite());                                                \
        srunner_run_all(sr, CK_NORMAL);                                                            \
        int failed = srunner_ntests_failed(sr);                                                    \
        srunner_free(sr);                                                                          \
        return failed ? EXIT_FAILURE : EXIT_SUCCESS;                                               \
    }

#endif
