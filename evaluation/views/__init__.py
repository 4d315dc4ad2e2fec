"""Thin blueprints: load, check, validate the form, call one service, commit, redirect."""

from .auth import bp as auth_bp
from .cycles import bp as cycles_bp
from .disclosure import bp as disclosure_bp
from .imports import bp as imports_bp
from .jobs import bp as jobs_bp
from .main import bp as main_bp
from .org import bp as org_bp
from .staff import bp as staff_bp

BLUEPRINTS = [auth_bp, main_bp, org_bp, staff_bp, cycles_bp, disclosure_bp, imports_bp, jobs_bp]
