from django.db import models


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", "Place confirmed"
    WAITLISTED = "waitlisted", "On the waiting list"
    CANCELLED = "cancelled", "Cancelled"


class RegistrantRole(models.TextChoices):
    CLINICIAN = "clinician", "Clinician or health professional"
    RESEARCHER = "researcher", "Researcher"
    COMMISSIONER = "commissioner", "Commissioner or manager"
    PATIENT_PUBLIC = "patient_public", "Patient, carer or member of the public"
    STUDENT = "student", "Student"
    OTHER = "other", "Other"
