"""ACTING in a query's parameters (sanctuary_cli/store/acting.py): the server's function takes
its place, and "no clinician or this one" becomes "this one", an index condition."""

from sanctuary_cli.store.acting import ACTING, bind_acting

FUNCTION = "(select sanctuary_acting_therapist())"


def test_the_null_test_of_the_acting_clinician_is_dropped():
    query = (
        "where (%(therapist_id)s::uuid is null or a.therapist_id = %(therapist_id)s::uuid)\n"
        "  and (%(patient_id)s::uuid is null or a.patient_id = %(patient_id)s::uuid)"
    )
    bound, params = bind_acting(query, {"therapist_id": ACTING, "patient_id": None})
    assert bound == (
        f"where (a.therapist_id = {FUNCTION})\n"
        "  and (%(patient_id)s::uuid is null or a.patient_id = %(patient_id)s::uuid)"
    )
    assert params == {"patient_id": None}


def test_other_uses_of_the_parameter_become_the_function():
    query = "x = any (case when %(t)s::uuid is null then y else array[%(t)s::uuid] end)"
    bound, params = bind_acting(query, {"t": ACTING})
    assert (
        bound
        == f"x = any (case when {FUNCTION}::uuid is null then y else array[{FUNCTION}::uuid] end)"
    )
    assert params == {}


def test_a_real_id_is_left_to_the_driver():
    query = "where (%(t)s::uuid is null or t = %(t)s::uuid)"
    assert bind_acting(query, {"t": "a-uuid"}) == (query, {"t": "a-uuid"})
