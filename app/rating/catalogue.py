"""The vehicle model catalogue (车型库) that travels in the signed rate table: keyed by the
licence's 品牌型号, it gives the new-car price, seats, displacement, fuel and NEV status, so the
clerk types them only for a model the catalogue does not know. Head office publishes catalogue
updates as it publishes rates: in a new table."""

from __future__ import annotations

from app.rating.table import CatalogueModel, RateTable, model_key


def lookup_model(brand_model: str, table: RateTable) -> CatalogueModel | None:
    """The catalogue's entry for a licence's 品牌型号, or None (not in the catalogue, or the table
    carries none): then the clerk types price, seats, displacement and fuel."""
    if table.catalogue is None or not brand_model.strip():
        return None
    return table.catalogue.index.get(model_key(brand_model))


__all__ = ["lookup_model", "model_key"]
