"""Thin blueprints: load, check, validate the form, call one service, commit, redirect."""

from .assessments import bp as assessments_bp
from .auth import bp as auth_bp
from .cycles import bp as cycles_bp
from .main import bp as main_bp
from .org import bp as org_bp
from .staff import bp as staff_bp

BLUEPRINTS = [auth_bp, main_bp, org_bp, staff_bp, cycles_bp, assessments_bp]
