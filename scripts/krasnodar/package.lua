package { name = "Краснодарский край", level = "region" }
