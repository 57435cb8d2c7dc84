"""Every URL of the web app. Each view carries one access decorator (see `permissions`);
`tests/web/test_web_permissions.py` walks this list and checks that."""

from django.urls import path, register_converter

from khavaran import public_ids
from khavaran.web.views import (
    auth,
    cases,
    cite,
    corrections,
    estimates,
    history,
    linkage,
    merge,
    proposals,
    public,
    records,
    review,
    search,
    sources,
)
from khavaran.web.views.health import health, health_detail
from khavaran.web.views.static import static_file


class RowId:
    """A row's id as the databases store it: at most 18 digits fit a signed 64-bit integer, so
    a longer number is no such page (404), not a database overflow (500)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


class PublicId:
    """A record's id on the public site (`khavaran.public_ids`): never its row id, which would
    say how many hidden records lie between two public ones. A row id there is no such page:
    404, as for a record the public may not read, never a redirect that would confirm it."""

    regex = public_ids.PATTERN

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(RowId, "id")
register_converter(PublicId, "public_id")

urlpatterns = [
    path("", auth.home, name="home"),
    path("login/", auth.sign_in, name="login"),
    path("logout/", auth.sign_out, name="logout"),
    path("language/", auth.set_language, name="set_language"),
    path("account/totp/", auth.totp_setup, name="totp-setup"),
    path("account/password/", auth.password_change, name="password-change"),
    path("session/keep-alive/", auth.keep_alive, name="keep-alive"),
    path("static/<path:path>", static_file, name="static-file"),
    # For a monitor: no session, no data (docs/deployment.md); the storage checks for admins.
    path("health", health, name="health"),
    path("health/detail", health_detail, name="health-detail"),
    # Sources and citing while reading
    path("sources/", sources.source_list, name="sources"),
    path("sources/upload/", sources.source_upload, name="source-upload"),
    path("sources/<id:pk>/", sources.source_detail, name="source"),
    path("sources/<id:pk>/original/", sources.source_download, name="source-original"),
    path("sources/<id:pk>/custody/", sources.source_custody_report, name="source-custody"),
    path("sources/<id:pk>/excerpts/", cite.excerpt_create, name="excerpt-create"),
    path("sources/<id:pk>/history/", history.source_history, name="source-history"),
    path("search/", search.search_page, name="search"),
    # Records
    path("people/", records.person_list, name="people"),
    path("people/<id:pk>/", records.person_detail, name="person"),
    path("organizations/", records.organization_list, name="organizations"),
    path("organizations/<id:pk>/", records.organization_detail, name="organization"),
    path("posts/", records.post_list, name="posts"),
    path("tenures/", records.tenure_list, name="tenures"),
    path("places/", records.place_list, name="places"),
    path("incidents/", records.incident_list, name="incidents"),
    path("incidents/<id:pk>/", records.incident_detail, name="incident"),
    path("claims/", records.claim_list, name="claims"),
    path("claims/<id:pk>/", records.claim_detail, name="claim"),
    path("claims/<id:pk>/assess/", review.claim_assess, name="claim-assess"),
    path("claims/question/<path:question>/", records.contested, name="contested"),
    # New facts, each from one or more excerpts
    path("new/claim/", cite.claim_create, name="claim-create"),
    path("new/name/", cite.name_create, name="name-create"),
    path("new/tenure/", cite.tenure_create, name="tenure-create"),
    path("new/participant/", cite.participant_create, name="participant-create"),
    path("new/incident/", cite.incident_create, name="incident-create"),
    path("new/organization/", cite.organization_create, name="organization-create"),
    # History, edit, delete, revert
    path("history/<slug:slug>/<id:pk>/", history.history, name="history"),
    path("edit/<slug:slug>/<id:pk>/", history.edit, name="edit"),
    path("delete/<slug:slug>/<id:pk>/", history.delete, name="delete"),
    path("revert/<slug:slug>/<id:pk>/<id:seq>/", history.revert, name="revert"),
    path("restore/<slug:slug>/<id:pk>/", history.restore, name="restore"),
    path("deleted/", corrections.deleted_list, name="deleted"),
    path("cite/<slug:slug>/<id:pk>/", corrections.cite_more, name="cite-more"),
    path("excerpts/<id:pk>/delete/", corrections.excerpt_delete, name="excerpt-delete"),
    path("people/<id:pk>/merge/", merge.person_merge, name="person-merge"),
    path("people/<id:pk>/unmerge/", merge.person_unmerge, name="person-unmerge"),
    path("settings/", public.site_settings, name="site-settings"),
    # Review: what the extractors proposed, and the linkage's uncertain pairs
    path("review/", proposals.review_queue, name="review-queue"),
    path("review/sources/<id:pk>/", proposals.review_source, name="review-source"),
    path("review/proposals/<id:pk>/accept/", proposals.proposal_accept, name="proposal-accept"),
    path("review/proposals/<id:pk>/reject/", proposals.proposal_reject, name="proposal-reject"),
    path("lists/", linkage.lists_page, name="lists"),
    path("lists/overlaps.png", linkage.overlaps_chart, name="lists-chart"),
    path("lists/review/", linkage.link_review, name="link-review"),
    path("lists/pairs/<id:pk>/decide/", linkage.pair_decide, name="pair-decide"),
    path("estimates/", estimates.estimate_list, name="estimates"),
    # Cases: accused, crimes alleged, evidence linked to each legal element (never public)
    path("cases/", cases.case_list, name="cases"),
    path("cases/new/", cases.case_create, name="case-create"),
    path("cases/<id:pk>/", cases.case_detail, name="case"),
    path("cases/<id:pk>/accuse/", cases.case_accuse, name="case-accuse"),
    path("cases/<id:pk>/link/", cases.link_create, name="link-create"),
    path("cases/<id:pk>/export/", cases.case_export, name="case-export"),
    path("links/<id:pk>/delete/", cases.link_delete, name="link-delete"),
    path("people/<id:pk>/dossier/", cases.person_dossier, name="dossier"),
    # The public site
    path("public/", public.public_home, name="public-home"),
    path("public/victims/", public.public_victims, name="public-victims"),
    path("public/officials/", public.public_officials, name="public-officials"),
    path("public/people/<public_id:token>/", public.public_person, name="public-person"),
    path("public/incidents/", public.public_incidents, name="public-incidents"),
    path("public/incidents/<public_id:token>/", public.public_incident, name="public-incident"),
    path("public/claims/<public_id:token>/", public.public_claim, name="public-claim"),
    path(
        "public/claims/question/<path:question>/", public.public_contested, name="public-contested"
    ),
    path("public/sources/", public.public_sources, name="public-sources"),
    path("public/sources/<public_id:token>/", public.public_source, name="public-source"),
    path(
        "public/sources/<public_id:token>/original/",
        public.public_source_download,
        name="public-source-original",
    ),
    path("public/search/", public.public_search, name="public-search"),
]
