export default function Home() {
  return <h1>Acme store</h1>
}
