"""Publishing a file as a resource in the website's resource library, for other apps.

The yearly report (and later the practice review reports) reach the public as a resource page
holding a document. Other apps call ``publish_resource`` rather than touching the website's
models, so the page tree, the document checks and search stay the website's business.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from wagtail.models import Collection

from hub.core.errors import DomainError
from hub.core.uploads import safe_file_name
from hub.website.documents import check_document_file
from hub.website.models import HubDocument, ResourceLibraryPage, ResourcePage

ResourceType = ResourcePage.ResourceType


def library_page() -> ResourceLibraryPage:
    """The site's resource library page; raises ``DomainError`` when the site has none."""
    library = ResourceLibraryPage.objects.order_by("path").first()
    if library is None:
        raise DomainError("The website has no resource library page to publish to. Add one in the back office first")
    return library


def find_resource(slug: str) -> ResourcePage | None:
    """The library's resource page with ``slug``, if there is one."""
    library = ResourceLibraryPage.objects.order_by("path").first()
    if library is None:
        return None
    return ResourcePage.objects.child_of(library).filter(slug=slug).first()


def _store_document(*, title: str, file_name: str, content: bytes, user) -> HubDocument:
    upload = SimpleUploadedFile(file_name, content)
    try:
        kind, text = check_document_file(upload)
    except ValidationError as error:
        raise DomainError(f"The file could not be published: {error.messages[0]}") from None
    document = HubDocument(
        title=title,
        collection=Collection.get_first_root_node(),
        uploaded_by_user=user,
        extracted_text=text,
    )
    document.file.save(safe_file_name(file_name, kind), ContentFile(content), save=False)
    document._set_document_file_metadata()
    document.save()
    return document


def publish_resource(
    *,
    slug: str,
    title: str,
    summary: str,
    resource_type: str,
    file_name: str,
    content: bytes,
    publication_date: date,
    actor=None,
    document_title: str | None = None,
) -> ResourcePage:
    """Publish ``content`` (a PDF or another document type the library accepts) as the resource
    ``slug`` in the resource library, and return its page.

    The file goes through the same checks and text extraction as an upload in the back office and is
    stored as a new document. The first call creates and publishes the page; a later call with the
    same ``slug`` publishes a new revision of the same page pointing at the new document, so earlier
    revisions keep the file they were published with and there is never a second page. Raises
    ``DomainError`` when the site has no resource library or the file is refused. The caller checks
    that ``actor`` may publish: this service does not.
    """
    library = library_page()
    user = actor if getattr(actor, "pk", None) else None
    with transaction.atomic():
        document = _store_document(title=document_title or title, file_name=file_name, content=content, user=user)
        fields = {
            "title": title,
            "summary": summary,
            "resource_type": ResourceType(resource_type),
            "publication_date": publication_date,
            "document": document,
        }
        page = ResourcePage.objects.child_of(library).filter(slug=slug).first()
        if page is None:
            page = ResourcePage(slug=slug, for_professionals=True, for_parents=True, **fields)
            library.add_child(instance=page)
        else:
            page = page.get_latest_revision_as_object()
            for name, value in fields.items():
                setattr(page, name, value)
        # The calling app has already checked that ``actor`` may publish this (the business unit
        # for the yearly report, the case review panel for its reports); panel members hold no
        # page rights in the back office, so Wagtail's own check is not the one that applies.
        page.save_revision(user=user).publish(user=user, skip_permission_checks=True)
        page.refresh_from_db()
    return page
