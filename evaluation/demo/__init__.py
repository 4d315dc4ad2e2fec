"""Data generators, outside the application core: the demo agency (agency.py), a whole
province of generated agencies (province.py) and a simulated year (simulation.py).
`flask demo` (evaluation/cli/demo.py) drives them; the application never imports them."""
