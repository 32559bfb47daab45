"""Django models of the CAP shared data. Only `cap_xblock.api` uses them."""

from .community import Community, CourseConfig, FacilitatorRole, Membership, Participant

__all__ = ["Community", "CourseConfig", "FacilitatorRole", "Membership", "Participant"]
