package { name = "Волгоградская область", level = "region" }
