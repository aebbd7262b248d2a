-- The bench's peer: the same work as bench/mapping.yaml's Google feed (and the Miller command),
-- in DuckDB. The input, output and thread count placeholders are filled in by bench/run.js.
SET threads = {threads};
COPY (SELECT sku AS id, ean13 AS gtin, mpn, title,
  trim(regexp_replace(regexp_replace(description, '<[^>]*>', ' ', 'g'), '\s+', ' ', 'g')) AS description,
  brand, price || ' ' || currency AS price,
  CASE WHEN coalesce(sale_price, '') = '' THEN '' ELSE sale_price || ' ' || currency END AS sale_price,
  replace(lower(availability), ' ', '_') AS availability, coalesce(nullif(lower(condition), ''), 'new') AS condition,
  category_path AS product_type, color, size, material, lower(gender) AS gender, age_group,
  weight_kg || ' kg' AS shipping_weight, product_url AS link, image_url AS image_link,
  replace(additional_images, '|', ',') AS additional_image_link
FROM read_csv('{input}', all_varchar = true, header = true))
TO '{output}' (FORMAT csv, DELIMITER '\t', HEADER, QUOTE '');
