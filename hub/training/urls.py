"""Training routes: the public programme under /training/ and the practitioner's /account/training/.

Each area keeps its routes in its own block.
"""

from django.urls import path

from hub.training.views import account, booking, evaluation, programme, register, reports

app_name = "training"

urlpatterns = [
    # Programme: the public list, courses, events, level guidance, safeguarding weeks
    path("training/", programme.programme, name="programme"),
    path("training/levels/", programme.levels, name="levels"),
    path("training/dates/", programme.programme_dates, name="dates"),
    path("training/courses/<slug:slug>/", programme.course_detail, name="course"),
    path("training/events/<uuid:uuid>/", programme.event_detail, name="event"),
    path("training/weeks/<slug:slug>/", programme.week_detail, name="week"),
    # Booking: book, waiting lists, offers, approvals, cancellation, substitution
    path("training/events/<uuid:uuid>/book/", booking.event_book, name="event-book"),
    path("training/courses/<slug:slug>/wait/", booking.course_wait, name="course-wait"),
    path("training/weeks/<slug:slug>/book/", booking.week_book, name="week-book"),
    path("training/offers/<str:token>/", booking.offer_respond, name="offer-respond"),
    path("training/approvals/<str:token>/", booking.approval_respond, name="approval-respond"),
    # Account: the practitioner's bookings, waiting-list places and history
    path("account/training/", account.my_training, name="my-training"),
    path("account/training/bookings/<uuid:uuid>/", account.booking_detail, name="booking-detail"),
    path("account/training/bookings/<uuid:uuid>/calendar.ics", account.booking_ics, name="booking-ics"),
    path("account/training/bookings/<uuid:uuid>/cancel/", account.booking_cancel, name="booking-cancel"),
    path("account/training/bookings/<uuid:uuid>/substitute/", account.booking_substitute, name="booking-substitute"),
    path("account/training/bookings/<uuid:uuid>/offer/", booking.booking_offer, name="booking-offer"),
    path("account/training/waiting-lists/<uuid:uuid>/leave/", account.course_wait_leave, name="course-wait-leave"),
    path("account/training/approvals/", account.approvals, name="approvals"),
    path("account/training/approvals/<uuid:uuid>/", booking.approval_detail, name="approval-detail"),
    # Register and charges: trainers and the business unit
    path("training/my-events/", register.trainer_events, name="trainer-events"),
    path("training/events/<uuid:uuid>/register/", register.register, name="register"),
    path("training/charges/", register.charges, name="charges"),
    path("training/charges/export.csv", register.charges_export_csv, name="charges-export-csv"),
    path("training/charges/export.xlsx", register.charges_export_xlsx, name="charges-export-xlsx"),
    path("training/charges/<uuid:uuid>/waive/", register.charge_waive, name="charge-waive"),
    # Evaluation, certificates and impact follow-up
    path("account/training/bookings/<uuid:uuid>/evaluate/", evaluation.evaluate, name="evaluate"),
    path("account/training/bookings/<uuid:uuid>/certificate.pdf", evaluation.certificate, name="certificate"),
    path("training/certificates/verify/", evaluation.certificate_verify, name="certificate-verify"),
    path("training/certificates/<str:code>/", evaluation.certificate_check, name="certificate-check"),
    path("account/training/impact/<uuid:uuid>/", evaluation.impact_respond, name="impact-respond"),
    path("training/impact/", evaluation.impact_summary, name="impact-summary"),
    path("training/impact/quotes/<uuid:uuid>/choose/", evaluation.impact_quote_choose, name="impact-quote-choose"),
    path("account/training/weeks/<slug:slug>/evaluate/", evaluation.week_evaluate, name="week-evaluate"),
    # Reports for the business unit
    path("training/reports/", reports.reports, name="reports"),
    path("training/reports/<slug:table>.<str:fmt>", reports.report_export, name="report-export"),
]
