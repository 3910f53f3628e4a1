# A small static image of stressql: docker build -t stressql .
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /stressql ./cmd/stressql

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /stressql /stressql
ENTRYPOINT ["/stressql"]
