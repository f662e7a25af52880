"""Numbers of a citizen's form are finite, whatever the channel: the web
form steps and the REST deserialiser validate with the version schema."""

from comune.istanze.content.fti import version_schema
from comune.istanze.forms.validators import FiniteNumber
from comune.istanze.forms.validators import InvalidValue

import math
import pytest


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, float("1e400")])
def test_non_finite_floats_are_invalid(app_type, value):
    schema, _model = version_schema(app_type, app_type.current_form_version)
    with pytest.raises(InvalidValue) as refused:
        schema["isee"].validate(value)
    assert refused.value.message.mapping == {"field": "Valore ISEE"}


def test_finite_floats_keep_their_own_checks(app_type):
    schema, _model = version_schema(app_type, app_type.current_form_version)
    schema["isee"].validate(9000.5)
    schema, _model = version_schema(app_type, app_type.current_form_version)  # cached: once
    assert isinstance(schema["isee"].constraint, FiniteNumber)
    assert not isinstance(schema["isee"].constraint.base, FiniteNumber)
