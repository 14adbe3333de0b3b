"""The /ui page (placeholder until written)."""
from fastapi import APIRouter

router = APIRouter()
