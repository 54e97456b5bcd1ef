package dev.cairn.history.lucene;

/** The compatibility kit against a Lucene store whose lookups always refresh: no unrefreshed tail. */
class LuceneEventStoreWithoutTailTest extends LuceneEventStoreKitBase {

    @Override
    LuceneEventStoreConfig config() {
        return LuceneEventStoreConfig.defaults().withLookupTailEvents(0);
    }
}
