import json

import pytest
from samples import views

from cadence.view_codec import ViewCodecError, decode_view, encode_view


@pytest.mark.parametrize("view", views(), ids=lambda v: type(v).__name__)
def test_every_view_survives_a_json_round_trip(view):
    payload = json.loads(json.dumps(encode_view(view)))
    assert decode_view(payload) == view


def test_an_unknown_kind_is_refused_by_name():
    with pytest.raises(ViewCodecError, match="unknown view kind 'Gone'"):
        decode_view({"kind": "Gone", "data": {}})


def test_a_non_view_cannot_be_encoded():
    with pytest.raises(TypeError):
        encode_view(object())
