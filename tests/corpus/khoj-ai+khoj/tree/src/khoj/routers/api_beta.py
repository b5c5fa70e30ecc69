# Standard Packages
import logging

# External Packages
from fastapi import APIRouter

# Initialize Router
api_beta = APIRouter()
logger = logging.getLogger(__name__)
