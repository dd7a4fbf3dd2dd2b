from storage.chat_ref_repo import SqlConversationStore


async def test_references_are_stored_replaced_and_read_back(db):
    store = SqlConversationStore(db)
    assert await store.get("29:ana") is None
    await store.put("29:ana", {"conversation": {"id": "a:1"}, "serviceUrl": "https://x"})
    await store.put("29:ana", {"conversation": {"id": "a:2"}, "serviceUrl": "https://x"})
    assert (await store.get("29:ana"))["conversation"]["id"] == "a:2"
    assert await SqlConversationStore(db, platform="other").get("29:ana") is None
