"""Groups, memberships, meetings, decisions, forward plans, budget and development sessions."""
