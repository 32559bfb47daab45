"""The block's JSON handlers, one mixin per capability. Thin: parse, call the api, answer."""
