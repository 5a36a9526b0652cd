import { retrieveCart } from "../../../../lib/medusa"

export const dynamic = "force-dynamic"

export default async function CartPage({ params }) {
  const { countryCode } = await params
  const cart = await retrieveCart()
  if (!cart?.items?.length) {
    return <h1 data-testid="empty-cart">Your cart is empty</h1>
  }
  return (
    <main>
      <h1>Your cart</h1>
      <ul data-testid="cart-items">
        {cart.items.map((item) => (
          <li key={item.id} data-testid="cart-item">
            {item.product_title} × {item.quantity}
          </li>
        ))}
      </ul>
      <ul data-testid="promotions">
        {cart.promotions.map((promotion) => (
          <li key={promotion.id} data-testid="promotion-code">
            {promotion.code}
          </li>
        ))}
      </ul>
      <p data-testid="discount-total">{cart.discount_total}</p>
      <a href={`/${countryCode}/checkout`}>Go to checkout</a>
    </main>
  )
}
