"""A search service that keeps nothing, for openedx-forum in the benchmark's server.

The forum indexes each new thread and comment in its search service
(Elasticsearch, Meilisearch or Typesense) on save. The benchmark runs none:
indexing is skipped, which leaves out a network round trip the forum makes in
production, so its cost is if anything measured low.
"""

from forum.search import base  # pylint: disable=import-error


class NoDocuments(base.BaseDocumentSearchBackend):
    """Indexing, updating and deleting documents do nothing."""

    def index_document(self, index_name, doc_id, document):  # pylint: disable=unused-argument
        return None

    def update_document(self, index_name, doc_id, update_data):  # pylint: disable=unused-argument
        return None

    def delete_document(self, index_name, doc_id):  # pylint: disable=unused-argument
        return None


class NoIndices(base.BaseIndexSearchBackend):
    """No index to create."""

    def initialize_indices(self, force_new_index=False):  # pylint: disable=unused-argument
        return None


class NoThreads(base.BaseThreadSearchBackend):
    """A search finds nothing."""

    def get_thread_ids(self, *args, **kwargs):
        return []


class NoSearch(base.BaseSearchBackend):
    """The three parts of a search service that keeps nothing."""

    DOCUMENT_SEARCH_CLASS = NoDocuments
    INDEX_SEARCH_CLASS = NoIndices
    THREAD_SEARCH_CLASS = NoThreads
